import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A section of the news (World, Business, …); articles belong to at most one. */
@Entity({ name: 'category' })
export class CategoryEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', unique: true })
  slug!: string;
}
